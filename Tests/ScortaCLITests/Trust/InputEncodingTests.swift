import Foundation
import ScortaHarness
import Testing

/// Issue 12, reproduction 10: a NUL byte in a CSV field truncated it, and
/// invalid UTF-8 in an argument was silently replaced. Both are refused with
/// one line naming what is wrong, and nothing is written.
@Suite struct InputEncodingTests {
    @Test(arguments: Engine.tested) func aNULByteInACSVFieldIsRefused(engine: Engine) throws {
        let sandbox = try Sandbox(engine: engine)
        let before = sandbox.contents()
        let delivery = sandbox.path("delivery.csv")
        try Data("sku,quantity,lot\nIG-SAP,5,L1\0X\n".utf8).write(to: URL(fileURLWithPath: delivery))
        let run = sandbox.run("receive", "--at", "MAG-A", "--file", delivery)
        #expect(run.status == 1)
        #expect(run.stderr == "Error: \(delivery) line 2: a field holds a NUL byte\n", "\(run.stderr)")
        let families = sandbox.path("families.csv")
        try Data("household,sex,born\nA,f,1980\0\n".utf8).write(to: URL(fileURLWithPath: families))
        let imported = sandbox.run("household", "import", families)
        #expect(
            imported.status == 1 && imported.stderr.contains("line 2: a field holds a NUL byte"), "\(imported.stderr)")
        #expect(sandbox.contents() == before)
    }

    @Test(arguments: Engine.tested) func invalidUTF8InACSVFileIsRefused(engine: Engine) throws {
        let sandbox = try Sandbox(engine: engine)
        let delivery = sandbox.path("latin1.csv")
        try Data([UInt8]("sku,quantity,lot\nIG-SAP,5,L".utf8) + [0xE8] + [0x0A]).write(
            to: URL(fileURLWithPath: delivery))
        let run = sandbox.run("receive", "--at", "MAG-A", "--file", delivery)
        #expect(run.status == 1)
        #expect(run.stderr.contains("latin1.csv") && run.stderr.contains("UTF-8"), "\(run.stderr)")
        #expect(sandbox.sql("SELECT count(*) FROM document") == "0")
    }

    /// Arguments reach Scorta as bytes; a shell passes the Latin-1 byte E8 as is.
    @Test(arguments: Engine.tested) func anArgumentThatIsNotUTF8IsRefusedBeforeAnythingRuns(engine: Engine) throws {
        let sandbox = try Sandbox(engine: engine)
        let before = sandbox.contents()
        let shell = Sandbox.execute(
            "/bin/sh", ["-c", "\"$SCORTA\" receive --at MAG-A --ref \"DDT-$(printf '\\350')\" IG-SAP:5"],
            environment: ["SCORTA": Sandbox.binary, "SCORTA_DB": sandbox.db, "SCORTA_OPERATOR": "tester"])
        #expect(shell.status == 64, "\(shell.stdout)\(shell.stderr)")
        #expect(
            shell.stderr == "Error: argument 5 is not valid UTF-8 text (byte 0xE8 at position 5)\n", "\(shell.stderr)")
        #expect(sandbox.contents() == before)
        // The operator's name is recorded on documents: the same rule.
        let operatorName = Sandbox.execute(
            "/bin/sh", ["-c", "SCORTA_OPERATOR=\"tester$(printf '\\350')\" \"$SCORTA\" receive --at MAG-A IG-SAP:5"],
            environment: ["SCORTA": Sandbox.binary, "SCORTA_DB": sandbox.db])
        #expect(operatorName.status == 64)
        #expect(
            operatorName.stderr
                == "Error: the environment variable SCORTA_OPERATOR is not valid UTF-8 text (byte 0xE8 at position 7)\n",
            "\(operatorName.stderr)")
        #expect(sandbox.contents() == before)
    }
}
