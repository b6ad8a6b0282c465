"""The Telegram front end: the conversation core translated to Telegram HTML, buttons and inline results."""
