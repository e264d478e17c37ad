/// Transport: Dispatch socket layer (being written).
