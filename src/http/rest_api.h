// The REST API of the HTTP server, registered on its router: the routes of
// seed 000 (tracks, under /repos/:repo) and seed 002 (tasks), the generic route
// that calls any catalog action, the streamed export, and GET /openapi.json,
// generated from the catalog and the route table.
#pragma once

#include "catalog/catalog.h"
#include "http/http_server.h"

namespace pm::http {

void AddRestApi(HttpServer& server, const catalog::Catalog& catalog);

}  // namespace pm::http
