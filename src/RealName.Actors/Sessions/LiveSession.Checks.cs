using System.Globalization;
using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using RealName.Actors.Budgets;
using RealName.Actors.Providers;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using static RealName.Actors.Sessions.SessionProtocol;

namespace RealName.Actors.Sessions;

/// <summary>
/// Inputs that carry fresh randomness become domain requests here; when the decision names an
/// outside check, <see cref="SessionCheckRunner"/> runs it off the bucket's thread and its answer comes
/// back as a <see cref="Checked"/> command, decided against the state as it is then.
/// </summary>
public sealed partial class LiveSession
{
    private void OnSubmitIdentity(SubmitIdentity submit)
    {
        var usesCode = SessionRules.UsesCode(_state.Method);
        var secret = usesCode ? NewCode() : NewTokenSecret();
        var next = new SecretHash(usesCode ? CodeHash(secret) : SessionRules.HashToken(secret), usesCode ? _shared.Settings.CodeTtl : _shared.Settings.QrTtl);
        var idKey = submit.IdNumber is { } id ? IdKeys.Compute(_shared.IdKeySecret, id.Value) : null;
        Handle(new SessionCommands.RequestIdentity(submit.Name, submit.IdNumber, idKey, submit.Phone, submit.BankCard, submit.GroupAccount, next), Sender, secret);
    }

    private void OnSubmitCode(SubmitCode submit)
    {
        var qrSecret = NewTokenSecret();
        var escalation = new SecretHash(SessionRules.HashToken(qrSecret), _shared.Settings.QrTtl);
        Handle(new SessionCommands.CheckCode(CodeHash(submit.Code.Value), escalation), Sender, qrSecret);
    }

    private void OnResendCode()
    {
        var code = NewCode();
        Handle(new SessionCommands.RequestResend(new SecretHash(CodeHash(code), _shared.Settings.CodeTtl)), Sender, code);
    }

    private void OnSubmitEnterprise(SubmitEnterprise submit)
    {
        var details = new EnterpriseDetails(submit.SubjectType, submit.EnterpriseName, submit.CreditCode, EnterpriseDetails.CreditKeyOf(_shared.IdKeySecret, submit.CreditCode),
            submit.LegalPersonName, submit.LegalPersonIdNumber, submit.BankName, submit.AccountNumber);
        if (_state.Method == VerificationMethod.CorporateAccount)
        {
            var amountFen = RandomNumberGenerator.GetInt32(1, 100).ToString(CultureInfo.InvariantCulture);
            var remark = RandomNumberGenerator.GetString(SessionRules.RemarkAlphabet, SessionRules.RemarkLength);
            var payment = new SecretHash(AmountHash(amountFen, remark), _shared.Settings.CorporateAccountTtl);
            Handle(new SessionCommands.RequestEnterprise(details, payment), Sender, SessionCheckRunner.PaymentSecret(amountFen, remark));
            return;
        }
        var qrSecret = NewTokenSecret();
        Handle(new SessionCommands.RequestEnterprise(details, new SecretHash(SessionRules.HashToken(qrSecret), _shared.Settings.QrTtl)), Sender, qrSecret);
    }

    /// <summary>
    /// Runs the check and feeds its answer back. An outage becomes the check's
    /// <see cref="SessionCheckRunner.Unavailable"/> answer when it has one (decided like any answer),
    /// else a plain <c>503 provider_unavailable</c> reply with nothing written.
    /// </summary>
    private void RunCheck(SessionChecks.IOutsideCheck check, IActorRef replyTo, string? secret)
    {
        var log = _host.Log;
        var persistenceId = PersistenceId;
        var by = _by;
        _host.PipeToSelf(this, new SessionCheckRunner(_shared.Settings, _shared.Providers, _shared.Registry, _shared.Keys, _shared.IdKeySecret).RunAsync(check, secret),
            success: answer => new Checked(answer.Command, replyTo, secret, answer.Ticket, by),
            failure: ex =>
            {
                if (((ex as AggregateException)?.InnerException ?? ex) is BudgetExhaustedException spent)
                    return new Unavailable(replyTo, new SessionError(ErrorCodes.RateLimited, "Too many codes were sent to this phone; retry after the time in Retry-After.",
                        Math.Max(1, (int)Math.Ceiling(spent.RetryAfter.TotalSeconds)), SmsBudgetSettings.Key));
                log.Warning("Outside check {0} for {1} failed: {2}", check.GetType().Name, persistenceId, ex.GetType().Name);
                return SessionCheckRunner.Unavailable(check) is { } unavailable
                    ? new Checked(unavailable, replyTo, secret, null, by)
                    : new Unavailable(replyTo);
            });
    }

    private string CodeHash(string code) => IdKeys.Compute(_shared.IdKeySecret, $"sms:{PersistenceId}:{code}");

    /// <summary>Amount and remark code are kept as one keyed hash: neither may be readable from the journal.</summary>
    private string AmountHash(string amountFen, string remark) => IdKeys.Compute(_shared.IdKeySecret, $"amount:{PersistenceId}:{amountFen}:{remark}");

    private static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>An outside check's answer, with whom to answer, the secret (QR token) the answer may carry and who asked.</summary>
    private sealed record Checked(SessionCommands.ISessionCommand Command, IActorRef ReplyTo, string? Secret, FaceCheckTicket? Ticket, string? By);

    /// <summary>A check that wrote nothing: an outage (<c>503 provider_unavailable</c>) or the refusal it names (a spent budget).</summary>
    private sealed record Unavailable(IActorRef ReplyTo, SessionError? Error = null);
}
