"""The open read API under /api/v1: HSDS 3.1 shapes, CORS-open, problem JSON for every error, and its OpenAPI
document. The HSDS objects themselves are built in `directory.formats.hsds.objects`.
"""
