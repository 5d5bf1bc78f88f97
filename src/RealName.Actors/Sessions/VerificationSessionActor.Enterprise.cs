using System.Security.Cryptography;
using Akka.Actor;
using RealName.Actors.Identities;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using static RealName.Actors.Sessions.SessionProtocol;

namespace RealName.Actors.Sessions;

/// <summary>The outside checks of enterprise sessions: registry pre-check, business registry, micro-payment.</summary>
public sealed partial class VerificationSessionActor
{
    private void StartEnterpriseCheck(SubmitEnterprise submit)
    {
        if (SessionRules.CanSubmitEnterprise(_state, Now) is { } error)
        {
            Sender.Tell(Reply(error, null));
            return;
        }
        if (SessionRules.CheckEnterpriseFields(_state.Method, submit.LegalPersonName is not null && submit.LegalPersonIdNumber is not null,
                submit.BankName is not null && submit.AccountNumber is not null) is { } fieldsError)
        {
            Sender.Tell(Reply(new SessionError(ErrorCodes.InvalidRequest, fieldsError), null));
            return;
        }
        var details = new EnterpriseDetails(submit.SubjectType, submit.EnterpriseName, submit.CreditCode, IdKeys.Compute(_idKeySecret, "uscc:" + submit.CreditCode),
            submit.LegalPersonName, submit.LegalPersonIdNumber, submit.BankName, submit.AccountNumber).OwnedBy(_state.AccountId.Value);
        var legalPersonFace = _state.Method == VerificationMethod.LegalPersonFace;
        var qrSecret = NewTokenSecret();
        var amountFen = RandomNumberGenerator.GetInt32(1, 100);
        var next = legalPersonFace
            ? new SecretHash(SessionRules.HashToken(qrSecret), _settings.QrTtl)
            : new SecretHash(AmountHash(amountFen.ToString(System.Globalization.CultureInfo.InvariantCulture)), _settings.CorporateAccountTtl);
        var account = _state.AccountId.Value;
        RunCheck(async () =>
        {
            var verdict = await _registry.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.CheckEnterprise(details.CreditKey, account, _settings.MaxAccountsPerEnterprise), _settings.CallTimeout);
            if (verdict.RefusalCode == ErrorCodes.IdAlreadyVerified)
                return new SessionCommands.SubmitEnterprise(details, verdict.RefusalCode, $"This enterprise already verifies account {Masking.MaskAccount(verdict.Owner ?? "")}.", next);
            if (!verdict.IsGranted)
                return new SessionCommands.SubmitEnterprise(details, verdict.RefusalCode, null, next);
            using var cts = new CancellationTokenSource(_settings.CallTimeout);
            if (!await _providers.BusinessRegistry.ConfirmsAsync(details.SubjectType, details.EnterpriseName, details.CreditCode,
                    details.LegalPersonName?.Value, details.LegalPersonIdNumber?.Value, cts.Token))
                return new SessionCommands.SubmitEnterprise(details, ErrorCodes.EnterpriseMismatch, null, next);
            if (!legalPersonFace)
                await _providers.Payment.SendAsync(details.BankName!, details.AccountNumber!.Value.Value, amountFen, cts.Token);
            return new SessionCommands.SubmitEnterprise(details, null, null, next);
        }, Sender, legalPersonFace ? qrSecret : null,
            unavailable: new SessionCommands.SubmitEnterprise(details, ErrorCodes.ProviderUnavailable, null, next));
    }

    /// <summary>The amount is kept as a keyed hash: 99 possible values must not be readable from the journal.</summary>
    private string AmountHash(string amountFen) => IdKeys.Compute(_idKeySecret, $"amount:{PersistenceId}:{amountFen}");
}
