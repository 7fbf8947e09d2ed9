"""The blueprints of matching and casework; their view modules are listed in matching.routes.

- `bp` ("matching"): the coordinator area under /coordinator/…;
- `volunteer_bp` ("volunteer"): the volunteer's own pages under /volunteer/…;
- `host_bp` ("host"): a host group's page of the placements at its organisation (/contribute/placements);
- `match_api` ("match_api"): `POST /api/v1/match`, beside the catalog's open read API.

Kept apart from the views so that matching.engine imports without Flask.
"""

from flask import Blueprint

from directory.api.views import cors_headers, invalid_parameter
from directory.search.params import InvalidParameter
from tsunagu.web import csrf

bp = Blueprint("matching", __name__)
volunteer_bp = Blueprint("volunteer", __name__)
host_bp = Blueprint("host", __name__)
match_api = Blueprint("match_api", __name__, url_prefix="/api/v1")
# the API's answers and their errors look the same on both blueprints under /api/v1
csrf.exempt(match_api)  # a token caller has no cookie; the session caller's X-CSRFToken is checked in the view
match_api.after_request(cors_headers)
match_api.register_error_handler(InvalidParameter, invalid_parameter)
