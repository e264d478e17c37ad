/// Render: text templates of the node's configuration, written confd's way.
import Mustache
public enum Render {}
