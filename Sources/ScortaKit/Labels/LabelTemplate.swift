import Foundation

/// A label stock: page size, grid, label size, margins and pitch, in millimetres, read from
/// a JSON file in `Labels/` so a user adds a new sheet or roll without touching code.
/// A roll (continuous or die-cut thermal labels) is a page the size of one label.
public struct LabelTemplate: Codable, Sendable, Equatable {
    public struct Size: Codable, Sendable, Equatable {
        public let width: Double
        public let height: Double
    }
    public struct Grid: Codable, Sendable, Equatable {
        public let columns: Int
        public let rows: Int
    }
    public struct Margins: Codable, Sendable, Equatable {
        public let left: Double
        public let top: Double
    }
    public struct Pitch: Codable, Sendable, Equatable {
        public let horizontal: Double
        public let vertical: Double
    }

    public let name: String
    public let description: String
    public let unit: String?
    public let page: Size
    public let grid: Grid
    public let label: Size
    public let margins: Margins
    /// Distance from one label's left (top) edge to the next one's.
    public let pitch: Pitch
    /// White space kept inside each label edge (mm); default 2.
    public let padding: Double?
    /// Thermal printers: module widths are rounded to whole printer dots.
    public let printerDPI: Int?

    public var labelsPerPage: Int { grid.columns * grid.rows }
    public var paddingMillimetres: Double { padding ?? 2 }

    /// Where label `slot` (0-based, left to right, then top to bottom) sits on its page, in mm,
    /// shifted by the printer offset.
    public func frame(slot: Int, offset: (x: Double, y: Double) = (0, 0)) -> (
        x: Double, y: Double, width: Double, height: Double
    ) {
        let index = slot % labelsPerPage
        let column = index % grid.columns
        let row = index / grid.columns
        return (
            margins.left + Double(column) * pitch.horizontal + offset.x,
            margins.top + Double(row) * pitch.vertical + offset.y,
            label.width, label.height
        )
    }

    /// Refuses geometry that cannot be printed: labels off the page or overlapping.
    func validate(source: String) throws {
        func fail(_ text: String) -> ScortaError { ScortaError.invalid("\(source): \(text)") }
        if let unit, unit != "mm" { throw fail("unit must be \"mm\"") }
        guard page.width > 0, page.height > 0, label.width > 0, label.height > 0 else {
            throw fail("sizes must be positive")
        }
        guard grid.columns >= 1, grid.rows >= 1 else { throw fail("the grid needs at least one column and one row") }
        guard margins.left >= 0, margins.top >= 0 else { throw fail("margins cannot be negative") }
        guard grid.columns == 1 || pitch.horizontal >= label.width - 0.001,
            grid.rows == 1 || pitch.vertical >= label.height - 0.001
        else {
            throw fail("the pitch is smaller than the label, so labels would overlap")
        }
        let right = margins.left + Double(grid.columns - 1) * pitch.horizontal + label.width
        let bottom = margins.top + Double(grid.rows - 1) * pitch.vertical + label.height
        guard right <= page.width + 0.01, bottom <= page.height + 0.01 else {
            throw fail("the labels do not fit on the page")
        }
        guard paddingMillimetres >= 0, paddingMillimetres * 2 < min(label.width, label.height) else {
            throw fail("padding is too large")
        }
    }
}
