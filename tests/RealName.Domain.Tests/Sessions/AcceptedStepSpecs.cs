using RealName.Domain.Security;
using RealName.Domain.Sessions;
using static RealName.Domain.Sessions.SessionCommands;
using static RealName.Domain.Sessions.SessionEvents;

namespace RealName.Domain.Tests.Sessions;

/// <summary>
/// Accepted details carry the step they open (the first QR code or SMS code) in the same event, one
/// journal row instead of two; journals written before hold that step as its own event and must replay the same.
/// </summary>
public sealed class AcceptedStepSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(2);
    private static readonly IdentityDetails Details = new(new Sensitive("张三"), new Sensitive("11010519491231002X"), "idkey", new Sensitive("13812345678"));

    private static SessionState Created(VerificationMethod method) =>
        SessionRules.Apply(SessionState.Empty, new Created(SessionId.New(), new AccountId("acc_1"), method, "req", T0, T0.AddMinutes(30)));

    private static IdentityAccepted Accepted(IssuedSecret? qr = null, IssuedSecret? code = null) =>
        new(Details.Name, Details.IdNumber, Details.IdKey, T0, Details.Phone, Qr: qr, Code: code);

    [Theory]
    [InlineData(VerificationMethod.Face)]
    [InlineData(VerificationMethod.Mobile)]
    [InlineData(VerificationMethod.BankCard)]
    public void Should_open_the_step_in_the_same_event_as_the_accepted_details(VerificationMethod method)
    {
        var created = Created(method);
        var details = method == VerificationMethod.BankCard ? Details with { BankCard = new Sensitive("6222020000000000000") } : Details;

        var decision = SessionRules.Decide(created, new CompleteDetails(method == VerificationMethod.Face ? details with { Phone = null } : details, null, null, new SecretHash("secret-1", Ttl)), T0);

        var accepted = Assert.IsType<IdentityAccepted>(Assert.Single(decision.Events));
        var state = decision.Events.Aggregate(created, SessionRules.Apply);
        var usesQr = method == VerificationMethod.Face;
        Assert.Equal(usesQr, SessionRules.IssuesQr(accepted));
        Assert.Equal(new IssuedSecret("secret-1", T0 + Ttl), usesQr ? accepted.Qr : accepted.Code);
        Assert.Null(usesQr ? accepted.Code : accepted.Qr);
        Assert.Equal(usesQr ? SessionStatus.AwaitingScan : SessionStatus.AwaitingCode, state.Status);
        Assert.Equal(usesQr ? "secret-1" : null, state.Qr?.TokenHash);
        Assert.Equal(usesQr ? null : new CodeState("secret-1", T0, T0 + Ttl, 0, 0), state.Code);
    }

    [Theory]
    [InlineData(VerificationMethod.Face)]
    [InlineData(VerificationMethod.Mobile)]
    public void Should_replay_an_older_journal_with_the_step_as_its_own_event_to_the_same_state(VerificationMethod method)
    {
        var created = Created(method);
        var usesQr = method == VerificationMethod.Face;
        ISessionEvent step = usesQr ? new QrIssued("secret-1", T0, T0 + Ttl) : new CodeSent("secret-1", T0, T0 + Ttl, Resend: false);
        var issued = new IssuedSecret("secret-1", T0 + Ttl);

        var older = new[] { Accepted(), step }.Aggregate(created, SessionRules.Apply);
        var newer = SessionRules.Apply(created, usesQr ? Accepted(qr: issued) : Accepted(code: issued));

        Assert.Equal(older, newer);
        Assert.Equal(usesQr ? SessionStatus.AwaitingScan : SessionStatus.AwaitingCode, newer.Status);
    }

    [Fact]
    public void Should_leave_the_status_alone_for_details_accepted_without_a_step()
    {
        var created = Created(VerificationMethod.GroupSync);

        var state = SessionRules.Apply(created, Accepted());

        Assert.Equal(SessionStatus.RequiresInput, state.Status);
        Assert.Null(state.Qr);
        Assert.Null(state.Code);
    }
}
