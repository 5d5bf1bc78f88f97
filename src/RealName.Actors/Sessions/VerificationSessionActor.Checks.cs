using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using RealName.Actors.Identities;
using RealName.Actors.Providers;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using static RealName.Actors.Sessions.SessionProtocol;

namespace RealName.Actors.Sessions;

/// <summary>
/// The outside checks of a session: registry pre-check, identity authority, group directory,
/// SMS gateway, carrier and bank. Each runs asynchronously and comes back as a
/// <see cref="Checked"/> command, decided against the state as it is then.
/// </summary>
public sealed partial class VerificationSessionActor
{
    private void StartIdentityCheck(SubmitIdentity submit)
    {
        if (!_state.Exists)
        {
            Sender.Tell(Reply(null, null));
            return;
        }
        if (SessionRules.CheckFields(_state.Method, submit.Name is not null, submit.IdNumber is not null, submit.Phone is not null, submit.BankCard is not null, submit.GroupAccount is not null) is { } fieldsError)
        {
            Sender.Tell(Reply(new SessionError(ErrorCodes.InvalidRequest, fieldsError), null));
            return;
        }
        var typed = submit.IdNumber is { } id
            ? new IdentityDetails(submit.Name!.Value, id, IdKeys.Compute(_idKeySecret, id.Value), submit.Phone, submit.BankCard).OwnedBy(_state.AccountId.Value)
            : null;
        var secret = SessionRules.UsesCode(_state.Method) ? NewCode() : NewTokenSecret();
        var next = new SecretHash(SessionRules.UsesCode(_state.Method) ? CodeHash(secret) : SessionRules.HashToken(secret), SessionRules.UsesCode(_state.Method) ? _settings.CodeTtl : _settings.QrTtl);
        if (typed is not null && SessionRules.IsResubmission(_state, typed))
        {
            DecideAndReply(new SessionCommands.SubmitDetails(typed, null, null, next), Sender, secret);
            return;
        }
        if (SessionRules.CanSubmitIdentity(_state, Now) is { } error)
        {
            Sender.Tell(Reply(error, null));
            return;
        }
        var replyTo = Sender;
        RunCheck(async () =>
        {
            var details = typed is not null ? (typed, null) : await LookUpGroupAccount(submit.GroupAccount!.Value.Value);
            if (details.Refusal is { } refusal)
                return new SessionCommands.SubmitDetails(details.Details ?? Placeholder, refusal.Code, refusal.Detail, next);
            var (code, detail) = await PreCheck(details.Details!);
            if (code is null && SessionRules.UsesCode(_state.Method))
                await SendCode(details.Details!.Phone!.Value.Value, secret);
            return new SessionCommands.SubmitDetails(details.Details!, code, detail, next);
        }, replyTo, SessionRules.UsesCode(_state.Method) ? null : secret,
            unavailable: new SessionCommands.SubmitDetails(typed ?? Placeholder, ErrorCodes.ProviderUnavailable, null, next));
    }

    private void StartCodeCheck(SubmitCode submit)
    {
        var hash = CodeHash(submit.Code.Value);
        var first = SessionRules.Decide(_state, new SessionCommands.CheckCode(hash), Now);
        if (first.Events.Count > 0 || first.Error is not null)
        {
            DecideAndReply(new SessionCommands.CheckCode(hash));
            return;
        }
        var qrSecret = NewTokenSecret();
        var escalation = new SecretHash(SessionRules.HashToken(qrSecret), _settings.QrTtl);
        var state = _state;
        RunCheck(async () =>
        {
            using var cts = new CancellationTokenSource(_settings.CallTimeout);
            var outcome = state.Method switch
            {
                VerificationMethod.Mobile => await _providers.Carrier.CheckAsync(state.Name!.Value.Value, state.IdNumber!.Value.Value, state.Phone!.Value.Value, cts.Token),
                VerificationMethod.BankCard => await _providers.Bank.CheckAsync(state.Name!.Value.Value, state.IdNumber!.Value.Value, state.BankCard!.Value.Value, state.Phone!.Value.Value, cts.Token),
                _ => FactorOutcome.Passed, // associate: the code went to the group account's own phone
            };
            return new SessionCommands.CompleteCode(hash, outcome, escalation);
        }, Sender, qrSecret, unavailable: new SessionCommands.CompleteCode(hash, FactorOutcome.Unavailable, escalation));
    }

    private void StartResend()
    {
        var code = NewCode();
        var command = new SessionCommands.ResendCode(new SecretHash(CodeHash(code), _settings.CodeTtl));
        var first = SessionRules.Decide(_state, command, Now);
        if (!first.Events.Any(e => e is SessionEvents.CodeSent))
        {
            DecideAndReply(command);
            return;
        }
        var phone = _state.Phone!.Value.Value;
        RunCheck(async () =>
        {
            await SendCode(phone, code);
            return command;
        }, Sender, null);
    }

    private void StartGroupSync()
    {
        var account = _state.AccountId.Value;
        RunCheck(async () =>
        {
            using var cts = new CancellationTokenSource(_settings.CallTimeout);
            var linked = await _providers.Directory.LinkedToAsync(account, cts.Token);
            if (linked is null)
                return new SessionCommands.CompleteGroupSync(null, ErrorCodes.GroupNotLinked, null);
            var details = ToDetails(linked);
            if (details.Refusal is { } refusal)
                return new SessionCommands.CompleteGroupSync(null, refusal.Code, refusal.Detail);
            var (code, detail) = await PreCheck(details.Details!);
            return new SessionCommands.CompleteGroupSync(details.Details, code, detail);
        }, Sender, null, unavailable: new SessionCommands.CompleteGroupSync(null, ErrorCodes.ProviderUnavailable, null));
    }

    /// <summary>The registry's early (non-binding) check, then, for face, the identity authority.</summary>
    private async Task<(string? Code, string? Detail)> PreCheck(IdentityDetails details)
    {
        var verdict = await _registry.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Check(details.IdKey, _state.AccountId.Value), _settings.CallTimeout);
        if (verdict.RefusalCode == ErrorCodes.IdAlreadyVerified)
            return (verdict.RefusalCode, $"This identity already verifies account {Masking.MaskAccount(verdict.Owner ?? "")}.");
        if (!verdict.IsGranted)
            return (verdict.RefusalCode, null);
        // The account's data key, made here on a pool thread (new keys of concurrent sessions share one commit)
        // rather than by the serializer on the journal's single write path.
        if (details.Name.Subject is { } subject)
            _keys.Current(subject);
        if (_state.Method != VerificationMethod.Face)
            return (null, null);
        using var cts = new CancellationTokenSource(_settings.CallTimeout);
        return await _providers.Authority.CheckAsync(details.Name.Value, details.IdNumber.Value, cts.Token) switch
        {
            IdentityCheckOutcome.Match => (null, null),
            IdentityCheckOutcome.Mismatch => (ErrorCodes.NameIdMismatch, null),
            _ => (ErrorCodes.ProviderUnavailable, null),
        };
    }

    private async Task<(IdentityDetails? Details, (string Code, string? Detail)? Refusal)> LookUpGroupAccount(string groupAccount)
    {
        using var cts = new CancellationTokenSource(_settings.CallTimeout);
        var record = await _providers.Directory.FindAsync(groupAccount, cts.Token);
        return record is null ? (null, (ErrorCodes.GroupAccountNotVerified, null)) : ToDetails(record);
    }

    private (IdentityDetails? Details, (string Code, string? Detail)? Refusal) ToDetails(GroupAccountRecord record)
    {
        if (!record.Verified || record.Name is null || record.IdNumber is null)
            return (null, (ErrorCodes.GroupAccountNotVerified, null));
        if (_state.Method == VerificationMethod.Associate && record.Phone is null)
            return (null, (ErrorCodes.GroupAccountNoPhone, null));
        var details = new IdentityDetails(new Sensitive(record.Name), new Sensitive(record.IdNumber), IdKeys.Compute(_idKeySecret, record.IdNumber),
            record.Phone is null ? null : new Sensitive(record.Phone), null, new Sensitive(record.Account));
        return (details.OwnedBy(_state.AccountId.Value), null);
    }

    private async Task SendCode(string phone, string code)
    {
        using var cts = new CancellationTokenSource(_settings.CallTimeout);
        await _providers.Sms.SendAsync(phone, $"【RealName】验证码 {code}，{(int)_settings.CodeTtl.TotalMinutes} 分钟内有效，请勿告诉他人。", cts.Token);
    }

    /// <summary>
    /// Runs an outside check and feeds its command back to the actor. An outage becomes
    /// <paramref name="unavailable"/> when given (decided like any answer), else a plain
    /// <c>503 provider_unavailable</c> reply with nothing written.
    /// </summary>
    private void RunCheck(Func<Task<SessionCommands.ISessionCommand>> check, IActorRef replyTo, string? secret, SessionCommands.ISessionCommand? unavailable = null)
    {
        var log = _log ??= Context.GetLogger(); // made on first need: an adapter per session costs memory at 100k sessions
        check().PipeTo(Self,
            success: command => new Checked(command, replyTo, secret),
            failure: ex =>
            {
                log.Warning("Outside check for {0} failed: {1}", PersistenceId, ex.GetType().Name);
                return unavailable is not null
                    ? new Checked(unavailable, replyTo, secret)
                    : new Unavailable(replyTo);
            });
    }

    /// <summary>Stands in for details that were never obtained, on a refusal that carries none.</summary>
    private static readonly IdentityDetails Placeholder = new(new Sensitive(""), new Sensitive(""), "");

    private string CodeHash(string code) => IdKeys.Compute(_idKeySecret, $"sms:{PersistenceId}:{code}");

    private static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Unavailable(IActorRef ReplyTo);
}
