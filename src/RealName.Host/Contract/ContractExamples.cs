using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace RealName.Host.Contract;

/// <summary>Request and answer examples of the public document, by operationId (sandbox values, so they work as written).</summary>
public static class ContractExamples
{
    private static readonly Dictionary<string, string> Requests = new()
    {
        ["createSession"] = """{"accountId": "acc_1001", "method": "face", "returnUrl": "https://console.example.com/verified"}""",
        ["submitIdentity"] = """{"name": "张三", "idNumber": "11010519491231002X"}""",
        ["submitCode"] = """{"code": "123456"}""",
        ["submitAmount"] = """{"amount": "0.37", "remark": "K7QX2M"}""",
        ["scan"] = """{"token": "vs_3q2hx7kz5m4wb6ncpd8jf0rt.Zk9x-token", "appUserId": "app_user_42"}""",
        ["submitFaceResult"] = """{"bizToken": "fc.vs_3q2hx7kz5m4wb6ncpd8jf0rt.a81f", "passed": true, "similarity": 0.93, "liveness": true, "providerRef": "prov_8812"}""",
        ["openAppeal"] = """{"accountId": "acc_2002", "name": "张三", "idNumber": "11010519491231002X", "contact": "+86 138 0013 8000", "reason": "This ID card is mine; I never verified acc_1001."}""",
    };

    private const string Session = """
        {"id": "vs_3q2hx7kz5m4wb6ncpd8jf0rt", "accountId": "acc_1001", "subject": "personal", "method": "face",
         "status": "awaiting_scan", "createdAt": "2026-05-01T08:00:00Z", "expiresAt": "2026-05-01T08:30:00Z",
         "identity": {"name": "*三", "idNumber": "110***********002X"},
         "qr": {"expiresAt": "2026-05-01T08:02:00Z", "scanned": false, "scanUrl": null},
         "url": "http://127.0.0.1:5080/verify/vs_3q2hx7kz5m4wb6ncpd8jf0rt?lt=q8Hx", "lastError": null, "verifiedAt": null}
        """;

    private static readonly Dictionary<(string Operation, string Status), string> Answers = new()
    {
        [("getSession", "200")] = Session,
        [("submitIdentity", "200")] = Session,
        [("listBanks", "200")] = """{"data": [{"code": "CMB", "name": "招商银行", "cardTypes": ["debit", "credit"]}, {"code": "ICBC", "name": "中国工商银行", "cardTypes": ["debit"]}]}""",
    };

    private const string Problem = """
        {"type": "https://realname.dev/problems/invalid_id_number", "title": "invalid id number", "status": 400,
         "detail": "idNumber is not a valid mainland ID number.", "code": "invalid_id_number"}
        """;

    public static void Apply(OpenApiOperation operation)
    {
        var id = operation.OperationId ?? "";
        if (Requests.TryGetValue(id, out var request) && operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
            body.Example = JsonNode.Parse(request);
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response.Content is null)
                continue;
            if (Answers.TryGetValue((id, status), out var answer) && response.Content.TryGetValue("application/json", out var json))
                json.Example = JsonNode.Parse(answer);
            if (status == "400" && response.Content.TryGetValue(ContractMetadataExtensions.ProblemContentType, out var problem))
                problem.Example = JsonNode.Parse(Problem);
        }
    }
}
