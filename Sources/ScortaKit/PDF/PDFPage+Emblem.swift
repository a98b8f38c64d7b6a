import Foundation

/// The EU emblem, drawn as vectors to its official geometry (the European flag's graphic
/// specification): a blue rectangle 3:2; twelve upright five-pointed gold stars on an
/// invisible circle whose radius is a third of the height, at the positions of the hours on a
/// clock face; each star's points on a circle of radius one eighteenth of the height.
/// Publicity rules (CPR 2021/1060 art. 47 and annex IX) want it beside the co-funding
/// statement on documents for the public.
extension PDFPage {
    /// Reflex blue and yellow as the specification gives them in RGB.
    public static let emblemBlue = PDFColor.rgb(0, 51.0 / 255, 153.0 / 255)
    public static let emblemYellow = PDFColor.rgb(1, 204.0 / 255, 0)

    /// The emblem with its top-left corner at (`x`, `y`), `height` points high and 1.5 × `height` wide.
    public mutating func euEmblem(x: Double, y: Double, height: Double) {
        fill(PDFRect(x: x, y: y, width: height * 1.5, height: height), color: Self.emblemBlue)
        let centre = (x: x + height * 0.75, y: y + height / 2)
        var points: [(x: Double, y: Double)] = []
        for hour in 0..<12 {
            let angle = Double(hour) * Double.pi / 6  // clockwise from twelve o'clock
            points += Self.star(
                x: centre.x + height / 3 * sin(angle), y: centre.y - height / 3 * cos(angle), radius: height / 18)
        }
        fillPolygons(points, corners: 10, color: Self.emblemYellow)
    }

    /// A five-pointed star with one point straight up (stars stay upright around the circle):
    /// ten corners alternating between the points and the inner corners, where the lines
    /// joining the points cross (radius × cos 72° / cos 36°).
    static func star(x: Double, y: Double, radius: Double) -> [(x: Double, y: Double)] {
        let inner = radius * cos(Double.pi * 2 / 5) / cos(Double.pi / 5)
        return (0..<10).map { corner in
            let angle = Double(corner) * Double.pi / 5
            let r = corner % 2 == 0 ? radius : inner
            return (x + r * sin(angle), y - r * cos(angle))  // page y grows downwards
        }
    }
}
