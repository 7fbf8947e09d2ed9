"""個別メニュー (made-to-measure participation): an arrangement with a host built for one person, proposed as a
placement, and opened to others. Imports `matching.engine` and `matching.suggestions` (the menus a person could
join), `matching.hosts`, `matching.persons`, `directory.contributions` (the catalog entry behind a menu) and the
core.
"""
