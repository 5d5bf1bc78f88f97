using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RealName.Actors.Sessions;
using RealName.Contracts;
using RealName.Domain.Sessions;
using RealName.Host.Configuration;
using RealName.Host.Http;
using RealName.Host.Pages;

namespace RealName.Host.Sessions;

/// <summary>
/// Sends session messages through the shard region (so any node serves any session) and turns
/// the replies into contract bodies. Messages whose repetition is harmless are re-sent when an
/// answer does not come (a shard hand-off can lose one in flight); an ask left unanswered is
/// <c>503 provider_unavailable</c>: the session's journal is the truth, so the caller may retry.
/// </summary>
public sealed class SessionGateway(IRequiredActor<VerificationSessionMarker> region, IOptions<RealNameOptions> options, PageLinks links, LocalSessions local, TimeProvider clock)
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);
    private const int Attempts = 3;
    private readonly string _publicUrl = options.Value.PublicUrl.TrimEnd('/');

    public async Task<SessionProtocol.SessionReply?> AskAsync(SessionProtocol.ISessionMessage message, CancellationToken cancellationToken)
    {
        var attempts = IsRepeatable(message) ? Attempts : 1;
        var timeout = IsRepeatable(message) ? AttemptTimeout : AttemptTimeout * Attempts;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            try
            {
                return await region.ActorRef.Ask<SessionProtocol.SessionReply>(message, timeout, cancellationToken);
            }
            catch (AskTimeoutException)
            {
                // fall through to the next attempt
            }
        }
        return null;
    }

    /// <summary>
    /// A session's current view: from its stored state when this node holds the session in memory (no ask, see
    /// <see cref="LocalSessions"/>), else the session's answer to <see cref="SessionProtocol.Get"/>.
    /// </summary>
    public Task<SessionProtocol.SessionReply?> ReadAsync(string sessionId, CancellationToken cancellationToken) =>
        local.TryGet(sessionId, out var state)
            ? Task.FromResult<SessionProtocol.SessionReply?>(new SessionProtocol.SessionReply(SessionProtocol.ToView(state, clock.GetUtcNow()), null, null))
            : AskAsync(new SessionProtocol.Get(sessionId), cancellationToken);

    /// <summary>Creates (same id and body), reads, cancels and identical identity submissions are idempotent in the session.</summary>
    private static bool IsRepeatable(SessionProtocol.ISessionMessage message) => message is
        SessionProtocol.Create or SessionProtocol.Get or SessionProtocol.GetQrSecret or SessionProtocol.Cancel
        or SessionProtocol.SubmitIdentity { GroupAccount: null };

    public static ProblemHttpResult Unavailable() =>
        Problems.For(ErrorCodes.ProviderUnavailable, "The session did not answer in time; nothing was lost, retry.");

    public string ScanUrl(string sessionId, string secret) => $"{_publicUrl}/m/scan?t={Token(sessionId, secret)}";

    /// <summary>A QR token names its session (for routing) and carries 128 random bits (for proof).</summary>
    public static string Token(string sessionId, string secret) => sessionId + "." + secret;

    public static bool TryParseToken(string? token, out string sessionId, out string tokenHash)
    {
        sessionId = tokenHash = "";
        var dot = token?.IndexOf('.') ?? -1;
        if (token is null || dot < 0 || token.Length > 128 || !SessionId.TryParse(token[..dot], out var id) || dot == token.Length - 1)
            return false;
        sessionId = id.Value;
        tokenHash = SessionRules.HashToken(token[(dot + 1)..]);
        return true;
    }

    /// <summary>The session object a creation answers (and a retried create again): its <c>url</c>'s link token derived, not drawn.</summary>
    public SessionDto CreationDto(SessionProtocol.SessionView view) => Describe(view, null, links.CreationUrl(view.Id, view.CreatedAt));

    public SessionDto ToDto(SessionProtocol.SessionView view, string? qrSecret) =>
        Describe(view, qrSecret is null ? null : ScanUrl(view.Id, qrSecret), links.Url(view.Id));

    /// <summary>The session object of the contract, masked; also what the read model and webhooks store (without <paramref name="url"/>).</summary>
    public static SessionDto Describe(SessionProtocol.SessionView view, string? scanUrl, string? url, long? version = null) => new(
        view.Id,
        view.AccountId,
        view.Method.IsEnterprise() ? "enterprise" : "personal",
        view.Method.WireName(),
        view.Status.WireName(),
        view.CreatedAt,
        view.ExpiresAt,
        view.MaskedName is null ? null : new MaskedIdentity(view.MaskedName, view.MaskedIdNumber, view.MaskedPhone, view.MaskedBankCard),
        view.QrExpiresAt is null ? null : new QrDto(view.QrExpiresAt, view.QrScanned, scanUrl),
        url,
        view.LastErrorCode is null ? null : new ErrorDto(view.LastErrorCode, ErrorMessages.For(view.LastErrorCode)),
        view.VerifiedAt,
        view.CodeExpiresAt is null ? null : new CodeDto(view.CodeExpiresAt, view.CodeResendAt, view.CodeAttemptsLeft),
        view.EnterpriseName is null ? null : new EnterpriseDto(view.SubjectType!.Value.WireName(), view.EnterpriseName, view.MaskedCreditCode!, view.MaskedLegalPerson),
        view.AmountAttemptsLeft,
        view.PersonalDataErased ? true : null,
        view.ReturnUrl,
        version);
}
