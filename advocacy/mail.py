"""Email addresses and header values, cleaned the same way wherever they come from."""


def header_safe(value: str) -> str:
    """Collapse every line break and control character: a header value is one line.

    "=?" is broken up too: text shaped like an RFC 2047 encoded word would be
    decoded by the recipient's mail program into something the sender never showed.
    """
    if not value.isprintable():  # the character by character pass only where it is needed
        value = "".join(ch if ch.isprintable() else " " for ch in value)
    line = " ".join(value.split())
    while "=?" in line:
        line = line.replace("=?", "= ?")
    return line
