using Akka.Actor;
using RealName.Actors.Budgets;
using RealName.Actors.Identities;
using RealName.Actors.Providers;
using RealName.Actors.Security;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using static RealName.Domain.Sessions.SessionChecks;
using static RealName.Domain.Sessions.SessionCommands;

namespace RealName.Actors.Sessions;

/// <summary>
/// Runs the outside check a session's decision names and turns the answer into the completion
/// command the rules decide next. It runs off the actor thread and reads nothing of the actor:
/// every value comes from the check record, plus the one secret (SMS code, amount) that is never
/// persisted. Order matters for privacy: the identity authority (or business registry) answers
/// before the registry is asked, so knowing an ID number alone reveals nothing about its holder.
/// </summary>
public sealed class SessionCheckRunner(SessionSettings settings, SessionProviders providers, IActorRef registry, SubjectKeys keys, byte[] idKeySecret)
{
    /// <summary>The answer command, and the face provider's ticket when the check started a face check.</summary>
    public async Task<(ISessionCommand Command, FaceCheckTicket? Ticket)> RunAsync(IOutsideCheck check, string? secret)
    {
        switch (check)
        {
            case CheckIdentity c:
                return (await CompleteDetailsAsync(c.Account, c.Method, c.Details, c.Next, secret), null);
            case LookUpGroupAccount c:
                var found = ToDetails(await Within(ct => providers.Directory.FindAsync(c.GroupAccount.Value, ct)), VerificationMethod.Associate, c.Account);
                return found.Refusal is { } refusal
                    ? (new CompleteDetails(Placeholder, refusal, null, c.Next), null)
                    : (await CompleteDetailsAsync(c.Account, VerificationMethod.Associate, found.Details!, c.Next, secret), null);
            case LookUpLinkedAccount c:
                var linked = await Within(ct => providers.Directory.LinkedToAsync(c.Account.Value, ct));
                if (linked is null)
                    return (new CompleteGroupSync(null, ErrorCodes.GroupNotLinked, null), null);
                var synced = ToDetails(linked, VerificationMethod.GroupSync, c.Account);
                if (synced.Refusal is { } syncRefusal)
                    return (new CompleteGroupSync(null, syncRefusal, null), null);
                var (code, detail) = await PreCheckAsync(c.Account, synced.Details!);
                return (new CompleteGroupSync(synced.Details, code, detail), null);
            case LookUpLinkedEnterprise c:
                return (await CompleteEnterpriseSyncAsync(c.Account), null);
            case CheckFactors c:
                var outcome = c.Method == VerificationMethod.BankCard
                    ? await Within(ct => providers.Bank.CheckAsync(c.Name.Value, c.IdNumber.Value, c.BankCard!.Value.Value, c.Phone.Value, ct))
                    : await Within(ct => providers.Carrier.CheckAsync(c.Name.Value, c.IdNumber.Value, c.Phone.Value, ct));
                return (new CompleteCode(c.CodeHash, outcome, c.EscalationQr), null);
            case SendCode c:
                await SendCodeAsync(c.Phone.Value, secret!);
                return (new CompleteResend(c.Code), null);
            case CheckEnterprise c:
                return (await CompleteEnterpriseAsync(c, secret), null);
            case StartFaceCheck c:
                var ticket = await Within(ct => providers.Face.StartAsync(c.Name.Value, c.IdNumber.Value, c.Session.Value, ct));
                return (new BindScan(c.TokenHash, c.AppUser, SessionRules.HashToken(ticket.BizToken), ticket.ExpiresAt), ticket);
            default:
                throw new ArgumentOutOfRangeException(nameof(check), check.GetType().Name, "Unknown outside check.");
        }
    }

    /// <summary>
    /// The answer that stands for an outage of the check's provider, decided like any answer (the
    /// details step records a retryable <c>provider_unavailable</c>); null when an outage writes
    /// nothing and is a plain <c>503</c> (a resend, a scan: the caller simply retries).
    /// </summary>
    public static ISessionCommand? Unavailable(IOutsideCheck check) => check switch
    {
        CheckIdentity c => new CompleteDetails(c.Details, ErrorCodes.ProviderUnavailable, null, c.Next),
        LookUpGroupAccount c => new CompleteDetails(Placeholder, ErrorCodes.ProviderUnavailable, null, c.Next),
        LookUpLinkedAccount => new CompleteGroupSync(null, ErrorCodes.ProviderUnavailable, null),
        LookUpLinkedEnterprise => new CompleteEnterpriseSync(null, ErrorCodes.ProviderUnavailable, null),
        CheckFactors c => new CompleteCode(c.CodeHash, FactorOutcome.Unavailable, c.EscalationQr),
        CheckEnterprise c => new CompleteEnterprise(c.Details, ErrorCodes.ProviderUnavailable, null, c.Next),
        _ => null,
    };

    private async Task<ISessionCommand> CompleteDetailsAsync(AccountId account, VerificationMethod method, IdentityDetails details, SecretHash next, string? code)
    {
        var (refusal, detail) = await PreCheckAsync(account, details);
        if (refusal is null && SessionRules.UsesCode(method))
            await SendCodeAsync(details.Phone!.Value.Value, code!);
        return new CompleteDetails(details, refusal, detail, next);
    }

    /// <summary>The identity authority (name + ID number), then the registry's early, non-binding check.</summary>
    private async Task<(string? Code, string? Detail)> PreCheckAsync(AccountId account, IdentityDetails details)
    {
        switch (await Within(ct => providers.Authority.CheckAsync(details.Name.Value, details.IdNumber.Value, ct)))
        {
            case IdentityCheckOutcome.Mismatch:
                return (ErrorCodes.NameIdMismatch, null);
            case IdentityCheckOutcome.Unavailable:
                return (ErrorCodes.ProviderUnavailable, null);
        }
        var verdict = await registry.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Check(details.IdKey, account.Value), settings.CallTimeout);
        if (verdict.RefusalCode == ErrorCodes.IdAlreadyVerified)
            return (verdict.RefusalCode, $"This identity already verifies account {Masking.MaskAccount(verdict.Owner ?? "")}.");
        if (!verdict.IsGranted)
            return (verdict.RefusalCode, null);
        // The account's data key, made here (new keys of concurrent sessions share one commit, awaited without
        // holding a thread) rather than by the serializer on the journal's single write path.
        if (details.Name.Subject is { } subject)
            await keys.CurrentAsync(subject);
        return (null, null);
    }

    /// <summary>The secret a corporate-account check sends: the amount in fen and the remark code.</summary>
    public static string PaymentSecret(string amountFen, string remark) => amountFen + ":" + remark;

    private async Task<ISessionCommand> CompleteEnterpriseAsync(CheckEnterprise c, string? payment)
    {
        var d = c.Details;
        var (code, detail) = await PreCheckEnterpriseAsync(c.Account, d);
        if (code is not null)
            return new CompleteEnterprise(d, code, detail, c.Next);
        if (c.Method == VerificationMethod.CorporateAccount)
            await Within(async ct =>
            {
                var separator = payment!.IndexOf(':', StringComparison.Ordinal);
                var (amountFen, remark) = (payment[..separator], payment[(separator + 1)..]);
                await providers.Payment.SendAsync(d.BankName!, d.AccountNumber!.Value.Value, int.Parse(amountFen, System.Globalization.CultureInfo.InvariantCulture), remark, ct);
                return true;
            });
        return new CompleteEnterprise(d, null, null, c.Next);
    }

    /// <summary>The group's enterprise directory, then the same authority-before-registry checks as typed-in enterprise details.</summary>
    private async Task<ISessionCommand> CompleteEnterpriseSyncAsync(AccountId account)
    {
        var linked = await Within(ct => providers.EnterpriseDirectory.LinkedToAsync(account.Value, ct));
        if (linked is null)
            return new CompleteEnterpriseSync(null, ErrorCodes.EnterpriseNotLinked, null);
        if (!linked.Verified || !CreditCode.TryParse(linked.CreditCode, out var creditCode) || string.IsNullOrWhiteSpace(linked.EnterpriseName))
            return new CompleteEnterpriseSync(null, ErrorCodes.EnterpriseNotVerified, null);
        var details = new EnterpriseDetails(linked.SubjectType, linked.EnterpriseName.Trim(), creditCode.Value, EnterpriseDetails.CreditKeyOf(idKeySecret, creditCode.Value));
        var (code, detail) = await PreCheckEnterpriseAsync(account, details);
        return new CompleteEnterpriseSync(code is null ? details : null, code, detail);
    }

    /// <summary>The business registry (name, credit code, legal person) first, then the registry's early, non-binding check.</summary>
    private async Task<(string? Code, string? Detail)> PreCheckEnterpriseAsync(AccountId account, EnterpriseDetails d)
    {
        if (!await Within(ct => providers.BusinessRegistry.ConfirmsAsync(d.SubjectType, d.EnterpriseName, d.CreditCode, d.LegalPersonName?.Value, d.LegalPersonIdNumber?.Value, ct)))
            return (ErrorCodes.EnterpriseMismatch, null);
        var verdict = await registry.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.CheckEnterprise(d.CreditKey, account.Value, settings.MaxAccountsPerEnterprise), settings.CallTimeout);
        if (verdict.RefusalCode == ErrorCodes.IdAlreadyVerified)
            return (verdict.RefusalCode, $"This enterprise already verifies account {Masking.MaskAccount(verdict.Owner ?? "")}.");
        return (verdict.RefusalCode, null);
    }

    private (IdentityDetails? Details, string? Refusal) ToDetails(GroupAccountRecord? record, VerificationMethod method, AccountId account)
    {
        if (record is null || !record.Verified || record.Name is null || record.IdNumber is null)
            return (null, ErrorCodes.GroupAccountNotVerified);
        if (method == VerificationMethod.Associate && record.Phone is null)
            return (null, ErrorCodes.GroupAccountNoPhone);
        var details = new IdentityDetails(new Sensitive(record.Name), new Sensitive(record.IdNumber), IdKeys.Compute(idKeySecret, record.IdNumber),
            record.Phone is null ? null : new Sensitive(record.Phone), null, new Sensitive(record.Account));
        return (details.OwnedBy(account.Value), null);
    }

    /// <summary>
    /// Spends the phone's SMS budget first (every flow, first codes and resends; P5's phone comes
    /// from the group directory, so only here is it known): over budget, nothing is sent and the
    /// check fails with <see cref="BudgetExhaustedException"/>; unanswered, the ask times out and
    /// the check is an outage — never a send without a budget.
    /// </summary>
    private async Task SendCodeAsync(string phone, string code)
    {
        if (providers.SmsBudget is { } budget)
        {
            var spent = await budget.Spender.SpendAsync(budget.Rule, phone);
            if (!spent.Granted)
                throw new BudgetExhaustedException(spent.RetryAfter);
        }
        await SendAsync(phone, code);
    }

    private Task<bool> SendAsync(string phone, string code) => Within(async ct =>
    {
        await providers.Sms.SendAsync(phone, $"【RealName】验证码 {code}，{(int)settings.CodeTtl.TotalMinutes} 分钟内有效，请勿告诉他人。", ct);
        return true;
    });

    /// <summary>One provider call, bounded by <see cref="SessionSettings.CallTimeout"/> on its own.</summary>
    private async Task<T> Within<T>(Func<CancellationToken, Task<T>> call)
    {
        using var cts = new CancellationTokenSource(settings.CallTimeout);
        return await call(cts.Token);
    }

    /// <summary>Stands in for details that were never obtained, on a refusal that carries none.</summary>
    private static readonly IdentityDetails Placeholder = new(new Sensitive(""), new Sensitive(""), "");
}
