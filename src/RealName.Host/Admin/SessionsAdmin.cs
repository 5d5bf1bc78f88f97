using System.Globalization;
using System.Text;
using Akka.Persistence.Query;
using Microsoft.AspNetCore.Http.HttpResults;
using RealName.Contracts;
using RealName.Contracts.Admin;
using RealName.Domain.Identities;
using RealName.Domain.Sessions;
using RealName.Host.Http;
using RealName.Host.Operations;

namespace RealName.Host.Admin;

/// <summary>
/// <c>session inspect</c>: a session's status and the timeline of its stored events and who caused each, read from
/// the journal (not from the entity, so inspecting never wakes it, and a passivated or ended
/// session reads the same). Personal values appear masked only.
/// </summary>
public static class SessionsAdmin
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    public static RouteGroupBuilder MapSessionsAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/sessions/{id}", Inspect);
        return admin;
    }

    public static async Task<Results<Ok<SessionInspectDto>, ProblemHttpResult>> Inspect(string id, JournalReader journal, TimeProvider clock, CancellationToken ct)
    {
        if (!SessionId.TryParse(id, out var sessionId))
            return Problems.For(ErrorCodes.SessionNotFound, "No such session.");
        IReadOnlyList<EventEnvelope> envelopes;
        try
        {
            envelopes = await journal.EventsAsync(sessionId.PersistenceId, ReadTimeout, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A timeout or a database error: the journal cannot be read right now.
            return AdminProblems.NoAnswer("The journal");
        }
        var events = envelopes.Select(e => (e.SequenceNr, Stored: AttributedEvent.Open(e.Event))).Where(e => e.Stored.Event is not null).ToList();
        if (events.Count == 0)
            return Problems.For(ErrorCodes.SessionNotFound, "No such session.");

        var state = events.Aggregate(SessionState.Empty, (s, e) => SessionRules.Apply(s, e.Stored.Event!));
        var timeline = events.Select(e =>
            new TimelineEntryDto(e.SequenceNr, e.Stored.Event!.At, EventName(e.Stored.Event), Detail(e.Stored.Event), e.Stored.By)).ToList();
        return TypedResults.Ok(new SessionInspectDto(
            state.Id.Value,
            state.AccountId.Value,
            state.Method.WireName(),
            SessionRules.Effective(state, clock.GetUtcNow()).WireName(),
            state.CreatedAt,
            state.ExpiresAt,
            state.MaskedName is null ? null : new MaskedIdentity(state.MaskedName, state.MaskedIdNumber),
            state.LastErrorCode,
            state.VerifiedAt,
            timeline));
    }

    /// <summary><c>IdentityAccepted</c> → <c>identity_accepted</c>: the event's own name, so new events need no table here.</summary>
    internal static string EventName(SessionEvents.ISessionEvent stored)
    {
        var name = stored.GetType().Name;
        var snake = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
                snake.Append('_');
            snake.Append(char.ToLowerInvariant(name[i]));
        }
        return snake.ToString();
    }

    /// <summary>What an operator needs to read a timeline: codes, deadlines and masked values, never a raw personal value or a token.</summary>
    internal static string? Detail(SessionEvents.ISessionEvent stored) => stored switch
    {
        SessionEvents.Created e => $"account {e.AccountId.Value}, method {e.Method.WireName()}, expires {Time(e.ExpiresAt)}",
        SessionEvents.IdentityAccepted { Name.IsErased: true } e => "personal data erased" + Step(e),
        SessionEvents.IdentityAccepted e => $"name {Masking.MaskName(e.Name.Value)}, ID {Masking.MaskIdNumber(e.IdNumber.Value)}" + Step(e),
        SessionEvents.InputRejected e => e.Code,
        SessionEvents.QrIssued e => $"expires {Time(e.ExpiresAt)}",
        SessionEvents.QrScanned e => e.AppUserId is null && e.AppUser.IsErased ? "app user (erased)" : $"app user {Masking.MaskAccount(e.AppUserId ?? e.AppUser.Value)}",
        SessionEvents.FaceFailed e => $"{e.Code} (provider ref {e.ProviderRef})",
        SessionEvents.FacePassed e => $"similarity {e.Similarity.ToString("0.00", CultureInfo.InvariantCulture)} (provider ref {e.ProviderRef})",
        SessionEvents.Failed e => e.Code,
        _ => null,
    };

    /// <summary>The QR or code issued with the details (journals from before carry it as an event of its own).</summary>
    private static string Step(SessionEvents.IdentityAccepted e) => e switch
    {
        { Qr: { } qr } => $"; QR expires {Time(qr.ExpiresAt)}",
        { Code: { } code } => $"; code expires {Time(code.ExpiresAt)}",
        _ => "",
    };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
