"""What makes a chat a conversation: remembered turns, follow-ups, small talk, corpus examples.

Each module does one job: :mod:`state` keeps a chat's recent turns, :mod:`followups`
reads a message against them, :mod:`smalltalk` recognises messages that are not
questions, :mod:`languages` tells which language a message is written in, and
:mod:`examples` finds questions the loaded corpus really answers.
"""
