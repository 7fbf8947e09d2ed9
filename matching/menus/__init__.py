"""個別メニュー (made-to-measure participation): an arrangement with a host built for one person, proposed as a
placement, and opened to others.
"""
