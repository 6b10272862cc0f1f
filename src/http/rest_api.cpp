#include "http/rest_api.h"

namespace pm::http {

void AddRestApi(HttpServer&, const catalog::Catalog&) {}

}  // namespace pm::http
