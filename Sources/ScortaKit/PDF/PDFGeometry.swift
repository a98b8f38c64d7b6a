/// Lengths in the PDF layer are points (1/72 in); labels and templates think in millimetres.
public enum PDFUnit {
    public static let pointsPerMillimetre = 72.0 / 25.4
    public static func mm(_ millimetres: Double) -> Double { millimetres * pointsPerMillimetre }
    public static func millimetres(_ points: Double) -> Double { points / pointsPerMillimetre }
}

/// A rectangle on a page, origin at the TOP-LEFT corner and y growing downwards, in points
/// (the way labels and tables are laid out; the writer flips it to PDF's bottom-left origin).
public struct PDFRect: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var midX: Double { x + width / 2 }
    public var midY: Double { y + height / 2 }

    /// The rectangle shrunk by `dx` on the left and right and `dy` on the top and bottom.
    public func insetBy(dx: Double, dy: Double) -> PDFRect {
        PDFRect(x: x + dx, y: y + dy, width: max(0, width - 2 * dx), height: max(0, height - 2 * dy))
    }
}

/// Standard page sizes in points.
public enum PDFPageSize {
    public static let a4 = (width: PDFUnit.mm(210), height: PDFUnit.mm(297))
    public static let usLetter = (width: 612.0, height: 792.0)
}

/// A fill or stroke colour: grey level or RGB, components 0...1.
public enum PDFColor: Sendable, Equatable {
    case gray(Double)
    case rgb(Double, Double, Double)

    public static let black = PDFColor.gray(0)
    public static let white = PDFColor.gray(1)
}

/// Horizontal placement of a line of text relative to the x given.
public enum PDFTextAlignment: Sendable {
    /// x is where the text starts.
    case left
    /// x is the centre of the text.
    case center
    /// x is where the text ends.
    case right
}
