/// `LocRIBChange`: the Speaker's `RouteChange` (a Loc-RIB change for the kernel writer) under
/// a name that does not collide with Kernel's `RouteChange` (an add/replace/delete of one
/// kernel route) in files that import both modules.
import Speaker

public typealias LocRIBChange = RouteChange
