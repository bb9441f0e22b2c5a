"""The lab's state written in the real layouts, for the commands where the lab's own output is
recorded as a finding (conformance_cases: divergences owned by the lab). A test runs each case's
judge and check on these texts: when the lab's owner fixes the output to this layout, the case
passes. Each layout names its public source.
"""



def ios_show_logging(lab, host):
    """genieparser ios ShowLogging golden_output_3_output.txt header, then the lab's log lines."""
    lines = [ln for ln in lab.run(host, "show logging").splitlines() if ln.startswith("*")]
    header = """
Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, 0 overruns, xml disabled, filtering disabled)

No Active Message Discriminator.



No Inactive Message Discriminator.


    Console logging: disabled
    Monitor logging: level debugging, 0 messages logged, xml disabled,
                     filtering disabled
    Buffer logging:  level debugging, %d messages logged, xml disabled,
                    filtering disabled
    Exception Logging: size (4096 bytes)
    Count and timestamp logging messages: disabled
    File logging: disabled
    Persistent logging: disabled

No active filter modules.

    Trap logging: level informational, %d message lines logged

Log Buffer (4096 bytes):
""" % (len(lines), len(lines))
    return header + "\n".join(lines) + "\n"


# (command, judge) -> the real layout, for the cases whose divergence is owned by the lab
REAL = {
    ("show logging", "genie ios"): ios_show_logging,
}
