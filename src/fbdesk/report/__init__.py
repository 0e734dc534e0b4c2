"""The PDF assessment pack and its charts (reportlab); no Qt."""
