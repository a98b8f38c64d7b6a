import Foundation
import ScortaHarness
import Testing

/// The transport document (DDT) of a transfer, read back with pdftotext and
/// its number decoded from the barcode.
@Suite struct TransferNoteTests {
    @Test(arguments: Engine.tested) func aTransferHasItsTransportDocument(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        #expect(
            s.run("receive", "--at", "MAG-A", "IG-SAP:50:L2611:2028-06-30", "IG-DEN:20", "--date", "2026-11-01").status
                == 0)
        #expect(
            s.run("transfer", "--from", "MAG-A", "--to", "EMP", "IG-SAP:24", "IG-DEN:12", "--date", "2026-11-02").status
                == 0)
        let run = s.run("report", "transfer-note", "TRA-2026-00001", "--pdf", s.path("ddt.pdf"))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "Scritto \(s.path("ddt.pdf")) (TRA-2026-00001, 1 pagina)\n")
        #expect(Sandbox.execute("/usr/bin/qpdf", ["--check", s.path("ddt.pdf")]).status == 0)
        let text = Sandbox.execute("/usr/bin/pdftotext", ["-layout", s.path("ddt.pdf"), "-"]).stdout
        for expected in [
            "Documento di trasporto (DDT)", "TRA-2026-00001", "2026-11-02",
            "MAG-A - Magazzino Centrale, Via dei Magazzini 12, 58100 Grosseto (GR)",
            "EMP - Emporio Solidale, Piazza della Solidarietà 1, 58100 Grosseto (GR)",
            "trasferimento tra sedi", "Firma di chi consegna", "Firma del vettore", "Firma di chi riceve"
        ] {
            #expect(text.contains(expected), "missing \(expected)")
        }
        #expect(
            text.range(of: #"IG-SAP\s+Sapone solido 100 g\s+pz\s+L2611\s+2028-06-30\s+24"#, options: .regularExpression)
                != nil)
        #expect(text.range(of: #"IG-DEN\s+Dentifricio 75 ml\s+pz\s+12"#, options: .regularExpression) != nil)
        #expect(text.range(of: #"Totale colli/unità\s+36"#, options: .regularExpression) != nil)
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/zbarimg") {
            #expect(
                Sandbox.execute(
                    "/usr/bin/pdftoppm", ["-r", "300", "-png", "-singlefile", s.path("ddt.pdf"), s.path("ddt")]
                ).status == 0)
            #expect(
                Sandbox.execute("/usr/bin/zbarimg", ["-q", s.path("ddt.png")]).stdout.contains(
                    "CODE-128:TRA-2026-00001"))
        }
        // Only transfers have one; a receipt is refused by name.
        let receipt = s.run("report", "transfer-note", "RIC-2026-00001", "--pdf", s.path("x.pdf"))
        #expect(
            receipt.stderr
                == "Error: RIC-2026-00001 is a receipt, not a transfer: transport documents are for transfers only\n")
        #expect(!FileManager.default.fileExists(atPath: s.path("x.pdf")))
    }
}
