using RealName.Client;

namespace RealName.Testing;

/// <summary>The typed API client over a spec's own <see cref="HttpClient"/> (a node process, a client with headers of its own).</summary>
public static class ApiClients
{
    /// <summary>
    /// Frontend calls and callbacks alike go through <paramref name="client"/> (its API key, if any, rides
    /// along on callbacks, which ignore it); callbacks are signed with the sandbox secrets at <paramref name="clock"/>'s now.
    /// </summary>
    public static RealNameApiClient Api(this HttpClient client, TimeProvider? clock = null) => new(client, client, Sandbox, clock);

    /// <summary>The sandbox profile's callback secrets.</summary>
    public static CallbackSecrets Sandbox { get; } = new(RealNameNode.AppSecret, RealNameNode.FaceSecret);
}
