from ninja import NinjaAPI

api = NinjaAPI(title="Zhurnal API", version="1", urls_namespace="api", openapi_url="/openapi.json", docs_url=None)
