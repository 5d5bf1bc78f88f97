using Microsoft.AspNetCore.Http.HttpResults;
using RealName.Host.Http;

namespace RealName.Host.Admin;

/// <summary>
/// problem+json answers of the admin API. Its codes (a member or shard region that does not
/// exist, an unreachable journal) are not part of the public contract's table, so the status is
/// given here rather than added to <see cref="Problems.StatusFor"/>.
/// </summary>
public static class AdminProblems
{
    public const string MemberNotFound = "member_not_found";
    public const string ShardRegionNotFound = "shard_region_not_found";
    public const string WebhookNotFound = "webhook_not_found";
    public const string WebhookDeliveryNotFound = "webhook_delivery_not_found";
    public const string Unavailable = "unavailable";

    public static ProblemHttpResult Problem(int status, string code, string detail) => TypedResults.Problem(
        detail: detail,
        statusCode: status,
        title: code.Replace('_', ' '),
        type: "https://realname.dev/problems/" + code,
        extensions: new Dictionary<string, object?> { ["code"] = code });

    public static ProblemHttpResult NotFound(string detail) => Problem(404, Problems.NotFound, detail);

    public static ProblemHttpResult Invalid(string detail) => Problems.Invalid(detail);

    /// <summary>Something inside the node did not answer in time; nothing was changed, retry.</summary>
    public static ProblemHttpResult NoAnswer(string what) => Problem(503, Unavailable, $"{what} did not answer in time; retry.");
}
