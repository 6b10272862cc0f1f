{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"fuzz","version":"1"}}}
{"jsonrpc":"2.0","method":"notifications/initialized"}
{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"memory_workspace","arguments":{"action":"register","path":"/fuzz/shop","name":"shop"}}}
{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"memory_plan","arguments":{"action":"create","title":"Login page","category":"feature","phases":["Design","Build"]}}}
{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"memory_steps","arguments":{"action":"add","plan":"P1","phase":"Design","steps":[{"task":"Sketch"},{"task":"Review"},{"task":"Build it"}]}}}
{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"get_next_task","arguments":{"claim":true,"agent":"fuzzer"}}}
{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"memory_steps","arguments":{"action":"move","step":"T12","phase":"Test","index":0}}}
