using RealName.Domain.Security;

namespace RealName.Domain.Sessions;

/// <summary>
/// The outside checks a <see cref="Decision"/> can ask for. The rules name the check and every
/// value it needs; the actor runs exactly that check and feeds the answer back as the command the
/// check's remarks name, which is decided against the state as it is then. A check never reads
/// session state: everything it needs is in the record.
/// </summary>
public static class SessionChecks
{
    public interface IOutsideCheck;

    /// <summary>
    /// Face, mobile, bank card: the identity authority (name + ID number) first — so the registry is
    /// never an oracle for a number alone — then the registry's pre-check, then, for the code methods,
    /// the SMS code to <see cref="IdentityDetails.Phone"/>. Answered by <see cref="SessionCommands.CompleteDetails"/>.
    /// </summary>
    public sealed record CheckIdentity(AccountId Account, VerificationMethod Method, IdentityDetails Details, SecretHash Next) : IOutsideCheck;

    /// <summary>Associate (P5): the group directory's record of the named account, then as <see cref="CheckIdentity"/> (the code goes to its phone).</summary>
    public sealed record LookUpGroupAccount(AccountId Account, Sensitive GroupAccount, SecretHash Next) : IOutsideCheck;

    /// <summary>One-click sync (P4): the group account linked to this account, then authority and registry. Answered by <see cref="SessionCommands.CompleteGroupSync"/>.</summary>
    public sealed record LookUpLinkedAccount(AccountId Account) : IOutsideCheck;

    /// <summary>
    /// Enterprise one-click sync: the group's enterprise directory entry linked to this account, then
    /// the business registry (authority first, as E1/E2), then the registry. Answered by <see cref="SessionCommands.CompleteEnterpriseSync"/>.
    /// </summary>
    public sealed record LookUpLinkedEnterprise(AccountId Account) : IOutsideCheck;

    /// <summary>The right SMS code was entered: the carrier (P2) or bank (P3) factor check. Answered by <see cref="SessionCommands.CompleteCode"/>.</summary>
    public sealed record CheckFactors(VerificationMethod Method, Sensitive Name, Sensitive IdNumber, Sensitive Phone, Sensitive? BankCard, string CodeHash, SecretHash EscalationQr) : IOutsideCheck;

    /// <summary>A new SMS code to the session's phone. Answered by <see cref="SessionCommands.CompleteResend"/>.</summary>
    public sealed record SendCode(Sensitive Phone, SecretHash Code) : IOutsideCheck;

    /// <summary>
    /// E1, E2: the business registry first (name, credit code, legal person), then the registry's
    /// pre-check, then for E2 the micro-payment. Answered by <see cref="SessionCommands.CompleteEnterprise"/>.
    /// </summary>
    public sealed record CheckEnterprise(AccountId Account, VerificationMethod Method, EnterpriseDetails Details, SecretHash Next) : IOutsideCheck;

    /// <summary>
    /// A scan of the live QR: the face provider starts a check for exactly this identity (the
    /// session's person, or the legal person for E1) and issues a <c>bizToken</c> for the app.
    /// Answered by <see cref="SessionCommands.BindScan"/>; an outage writes nothing.
    /// </summary>
    public sealed record StartFaceCheck(SessionId Session, Sensitive Name, Sensitive IdNumber, string TokenHash, Sensitive AppUser) : IOutsideCheck;
}
