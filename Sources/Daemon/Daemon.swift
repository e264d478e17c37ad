/// Daemon: composes config, speaker, control socket, signals (being written).
