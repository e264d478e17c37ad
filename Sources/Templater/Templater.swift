/// Templater: pure change planning between two desired node configurations (see docs/datastore.md).
public enum Templater {}
