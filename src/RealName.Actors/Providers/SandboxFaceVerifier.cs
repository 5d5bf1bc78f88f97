using System.Security.Cryptography;

namespace RealName.Actors.Providers;

/// <summary>
/// Sandbox face provider: a check's <c>bizToken</c> is <c>fc.&lt;reference&gt;.&lt;128 random bits&gt;</c>,
/// so any node can route its result without shared state, and the signed callback (from the app
/// stand-in or a test, which play the provider's liveness capture) is the verdict. RealName's own rules still bind the
/// result to the scan's check and enforce the similarity threshold and liveness.
/// </summary>
public sealed class SandboxFaceVerifier(TimeProvider clock) : IFaceVerifier
{
    public const string Prefix = "fc.";

    /// <summary>How long a sandbox check may be completed.</summary>
    public static readonly TimeSpan CheckTtl = TimeSpan.FromMinutes(5);

    public Task<FaceCheckTicket> StartAsync(string name, string idNumber, string reference, CancellationToken cancellationToken)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return Task.FromResult(new FaceCheckTicket($"{Prefix}{reference}.{secret}", clock.GetUtcNow() + CheckTtl));
    }

    public Task<FaceVerdict?> VerdictAsync(FaceCallback callback, CancellationToken cancellationToken) =>
        Task.FromResult(ReferenceOf(callback.BizToken) is { } reference
            ? new FaceVerdict(callback.BizToken, reference, callback.Passed, callback.Similarity, callback.Liveness, callback.ProviderRef)
            : null);

    private static string? ReferenceOf(string bizToken)
    {
        if (!bizToken.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        var rest = bizToken[Prefix.Length..];
        var dot = rest.IndexOf('.');
        return dot > 0 && dot < rest.Length - 1 ? rest[..dot] : null;
    }
}
