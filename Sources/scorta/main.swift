import ScortaKit
// Entry point; the command table lives in Commands.swift.
