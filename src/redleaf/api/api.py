from ninja import NinjaAPI

api = NinjaAPI(title="Redleaf API", version="1", urls_namespace="api")
