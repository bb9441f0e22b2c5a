"""The pfne.netops device lab: simulated network devices over SSH on loopback."""
