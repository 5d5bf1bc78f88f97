namespace RealName.Domain.Sessions;

/// <summary>
/// Who did something, as a session's history and the operator decisions record it: a frontend
/// key's or admin token's configured name, or one of these for the callers that have no name.
/// </summary>
public static class Callers
{
    /// <summary>The platform's mobile app (the signed scan callback).</summary>
    public const string App = "app";

    /// <summary>The face provider (the signed face-result callback).</summary>
    public const string FaceProvider = "face-provider";

    /// <summary>The person on the hosted page (its link-token cookie, no API key).</summary>
    public const string Page = "page";

    /// <summary>RealName itself: timers, the sweeper, registry answers, erasure broadcasts without an operator.</summary>
    public const string System = "system";
}
