"""nyhetsbot's conversation core and its front ends (console, Telegram)."""
