import Foundation
import ScortaHarness
import ScortaKit

extension Bench {
    // MARK: - Labels: flat memory, and ReportLab side by side

    /// Peak memory of a user's label job (the ten catalogue items named once or five times,
    /// copies of each; `--copies` stops at 1,000) at 1,000 and
    /// 50,000 labels: pages are streamed to the file, so the peak must not grow with the count
    /// (target: within 10 MiB). `labels bench` makes every label a different made-up item, so
    /// its peak grows with the contents it holds, not with the pages.
    func labelMemory() -> [Figure] {
        var peaks: [Int] = []
        var figures: [Figure] = []
        for count in [1_000, 50_000] {
            let names = count > 10_000 ? 50 : 10
            let skus = (0..<names / 10).flatMap { _ in labelSKUs }
            let figure = time(
                "\(count) item labels (\(names) x \(count / names)), peak",
                [
                    "labels", "item", "--copies", "\(count / names)", "--template", "avery-l7160",
                    "-o", folder + "/labels-\(count).pdf", "--force"
                ] + skus, repeats: 1)
            guard !figure.value.hasPrefix("FAILED") else { return figures + [figure] }
            peaks.append(figure.peakKilobytes ?? 0)
            figures.append(figure)
        }
        let growth = Double(peaks[1] - peaks[0]) / 1024
        figures.append(
            Figure(
                name: "label peak memory, 50,000 less 1,000 labels", value: "\(format(growth)) MiB", peakKilobytes: nil,
                target: growth <= 10 ? "≤ 10 MiB: met" : "≤ 10 MiB: MISSED"))
        return figures
    }

    /// The same 10,000 item labels (ten catalogue items on Avery L7160) by `scorta labels item`
    /// and by ReportLab (`reportlab-labels.py` beside this file), in the same run: medians of
    /// three, process start to exit for Scorta, drawing and saving for ReportLab.
    func reportLabComparison() -> [Figure] {
        let name = "10,000 item labels: ReportLab / Scorta"
        guard let python = ProcessInfo.processInfo.environment["SCORTA_REPORTLAB_PYTHON"], !python.isEmpty else {
            return [
                Figure(
                    name: name, value: "not run: set SCORTA_REPORTLAB_PYTHON to a Python with reportlab",
                    peakKilobytes: nil, target: "≥ 10")
            ]
        }
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let script = here.appendingPathComponent("reportlab-labels.py").path
        let items = here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
            "Seeds/items.csv"
        ).path
        let scortaPDF = folder + "/labels-scorta.pdf"
        let reportLabPDF = folder + "/labels-reportlab.pdf"
        let scorta = ProcessMeasurement.median(
            3,
            [
                self.scorta, "labels", "item", "--copies", "1000", "--template", "avery-l7160",
                "-o", scortaPDF, "--force"
            ] + labelSKUs, environment: environment)
        var reportLab: [Double] = []
        for _ in 0..<3 {
            let answer = folder + "/reportlab.out"
            let run = ProcessMeasurement.run([python, script, items, reportLabPDF, "1000"] + labelSKUs, output: answer)
            guard run.status == 0,
                let seconds = (try? String(contentsOfFile: answer, encoding: .utf8))?.split(separator: " ").first
                    .flatMap({ Double($0) })
            else {
                return [
                    Figure(
                        name: name, value: "FAILED: ReportLab exited \(run.status)", peakKilobytes: nil, target: "≥ 10")
                ]
            }
            reportLab.append(seconds)
        }
        let reportLabSeconds = reportLab.sorted()[1]
        guard scorta.status == 0 else {
            return [Figure(name: name, value: "FAILED: scorta exited \(scorta.status)", peakKilobytes: nil, target: "")]
        }
        let ratio = reportLabSeconds / scorta.seconds
        func size(_ path: String) -> Int {
            (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        }
        let bytes = (scorta: size(scortaPDF), reportLab: size(reportLabPDF))
        return [
            Figure(
                name: "10,000 item labels, Scorta (process)",
                value: "\(format(scorta.seconds * 1000)) ms, \(bytes.scorta / 1024) KiB",
                peakKilobytes: scorta.peakKilobytes, target: ""),
            Figure(
                name: "10,000 item labels, ReportLab (drawing)",
                value: "\(format(reportLabSeconds * 1000)) ms, \(bytes.reportLab / 1024) KiB",
                peakKilobytes: nil, target: ""),
            Figure(
                name: name,
                value:
                    "\(format(ratio)) times faster; file \(format(Double(bytes.scorta) / Double(max(bytes.reportLab, 1)))) of ReportLab's",
                peakKilobytes: nil, target: ratio >= 10 ? "≥ 10: met" : "≥ 10: MISSED")
        ]
    }
}
