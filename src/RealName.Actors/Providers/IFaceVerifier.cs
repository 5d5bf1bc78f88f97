namespace RealName.Actors.Providers;

/// <summary>A face check the provider started: the app runs the liveness capture with <see cref="BizToken"/> until <see cref="ExpiresAt"/>.</summary>
public sealed record FaceCheckTicket(string BizToken, DateTimeOffset ExpiresAt);

/// <summary>
/// The provider's verdict on one face check. <see cref="Reference"/> is the session id RealName
/// gave when it started the check: it routes the verdict to its session.
/// </summary>
public sealed record FaceVerdict(string BizToken, string Reference, bool Passed, double Similarity, bool Liveness, string ProviderRef);

/// <summary>The result callback as the face provider posted it (signed with the face secret).</summary>
public sealed record FaceCallback(string BizToken, bool Passed, double Similarity, bool Liveness, string ProviderRef);

/// <summary>
/// The face provider: compares a live face with the authority's photo of exactly the identity it
/// was given when the check started (server to server, never chosen by the app).
/// </summary>
public interface IFaceVerifier
{
    /// <summary>Starts a check for this name and ID number; <paramref name="reference"/> comes back with the verdict.</summary>
    Task<FaceCheckTicket> StartAsync(string name, string idNumber, string reference, CancellationToken cancellationToken);

    /// <summary>
    /// The verdict a callback announces, as the provider holds it: over HTTP it is fetched from the
    /// provider (the callback only wakes RealName up); null when the provider knows no such check.
    /// </summary>
    Task<FaceVerdict?> VerdictAsync(FaceCallback callback, CancellationToken cancellationToken);
}
