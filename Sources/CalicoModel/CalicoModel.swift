/// CalicoModel: Calico v3 resources (being written).
