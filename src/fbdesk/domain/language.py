"""What fbdesk says of an item's language."""

# The sentiment label of an item in a language the sentiment rules cannot read: it is not an
# opinion of "neutral", and shares of sentiment leave it out (saying how many).
NOT_SCORED = "not scored (language)"
SENTIMENTS = ("positive", "neutral", "negative")
