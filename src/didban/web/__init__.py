"""The web page `didban serve` shows at `/`: static files in `static/` (plain HTML, CSS and JavaScript, no build)."""
