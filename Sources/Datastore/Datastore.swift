/// Datastore: where Calico resources live, behind one protocol (`ResourceStore`): list at a
/// revision, then a watch stream of validated snapshots from that revision, plus put/delete for
/// `swiftletctl apply/delete`. Backends: `FileStore` (a directory of YAML files watched with
/// inotify, the default), `InMemoryStore` (for consumers' unit tests), `EtcdStore` (etcd v3's
/// JSON gateway over libcurl, docs/etcd.md).
/// This module owns I/O; parsing and validation stay in CalicoModel, rendering in the templater.
/// It never interprets resources beyond validating them.
