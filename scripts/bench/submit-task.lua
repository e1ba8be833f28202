-- wrk script: submits one CHAT_RESPONSE analysis task per request (invented text, no patient data).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer bench-key-not-a-secret"
wrk.body = '{"type":"CHAT_RESPONSE","priority":"NORMAL","data":{"message":"Summarize the discharge plan: continue metformin 500 mg PO BID, recheck potassium in one week."}}'
