-- The stock read the gateway makes for a batch GET, sent straight to the sandbox over JSON-RPC:
-- the baseline that the gateway's own latency is measured against.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[{"jsonrpc":"2.0","method":"call","id":1,"params":{"service":"object","method":"execute_kw","args":["retail",2,"sandbox-api-key","product.product","search_read",[[["default_code","in",["DESK0005","DESK0006","E-COM07","E-COM08","E-COM10","E-COM11","E-COM12","E-COM13","FURN_7777","FURN_8888"]]]],{"fields":["default_code","name","qty_available","free_qty","virtual_available","incoming_qty","outgoing_qty"],"limit":20,"order":"id"}]}}]==]
