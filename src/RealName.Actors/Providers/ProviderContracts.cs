using RealName.Domain.Sessions;

namespace RealName.Actors.Providers;

/// <summary>An outside party did not answer usably (timeout, 5xx, open circuit): the caller answers <c>503 provider_unavailable</c>.</summary>
public sealed class ProviderUnavailableException(string provider, Exception? inner = null)
    : Exception($"The {provider} provider is unavailable.", inner);

/// <summary>The mobile carrier's 3-factor check: name + ID number + mobile number (P2).</summary>
public interface ICarrier
{
    Task<FactorOutcome> CheckAsync(string name, string idNumber, string phone, CancellationToken cancellationToken);
}

/// <summary>The bank's 4-factor check: name + ID number + card + bank-reserved mobile (P3).</summary>
public interface IBankVerifier
{
    Task<FactorOutcome> CheckAsync(string name, string idNumber, string bankCard, string phone, CancellationToken cancellationToken);
}

/// <summary>A verified account of the sister group (mall / finance), as its directory knows it.</summary>
public sealed record GroupAccountRecord(string Account, bool Verified, string? Name, string? IdNumber, string? Phone);

/// <summary>The sister group's account directory (P4 one-click sync, P5 associate).</summary>
public interface IGroupDirectory
{
    /// <summary>The group account linked to a cloud account, or null when none is.</summary>
    Task<GroupAccountRecord?> LinkedToAsync(string cloudAccountId, CancellationToken cancellationToken);

    /// <summary>A group account by its user name, or null when there is no such account.</summary>
    Task<GroupAccountRecord?> FindAsync(string groupAccount, CancellationToken cancellationToken);
}

/// <summary>An enterprise as the group's enterprise station knows it (the seed's JD Finance Enterprise Station).</summary>
public sealed record LinkedEnterpriseRecord(SubjectType SubjectType, string EnterpriseName, string CreditCode, bool Verified);

/// <summary>The group's enterprise directory (enterprise one-click sync).</summary>
public interface IEnterpriseDirectory
{
    /// <summary>The group enterprise linked to a cloud account, or null when none is.</summary>
    Task<LinkedEnterpriseRecord?> LinkedToAsync(string cloudAccountId, CancellationToken cancellationToken);
}

/// <summary>Sends SMS codes.</summary>
public interface ISmsGateway
{
    Task SendAsync(string phone, string text, CancellationToken cancellationToken);
}

/// <summary>The business registry: do the enterprise's name, credit code and (E1) legal person belong together?</summary>
public interface IBusinessRegistry
{
    Task<bool> ConfirmsAsync(SubjectType subjectType, string enterpriseName, string creditCode, string? legalPersonName, string? legalPersonIdNumber, CancellationToken cancellationToken);
}

/// <summary>Sends the micro-payment (0.01–0.99 yuan, in fen) to a corporate account (E2), with a remark code the statement shows.</summary>
public interface ICorporatePayment
{
    Task SendAsync(string bankName, string accountNumber, int amountFen, string remark, CancellationToken cancellationToken);
}

/// <summary>Every outside party a session talks to, resolved once from DI.</summary>
public sealed record SessionProviders(
    IIdentityAuthority Authority,
    ICarrier Carrier,
    IBankVerifier Bank,
    IGroupDirectory Directory,
    ISmsGateway Sms,
    IBusinessRegistry BusinessRegistry,
    ICorporatePayment Payment,
    IFaceVerifier Face,
    IEnterpriseDirectory EnterpriseDirectory)
{
    /// <summary>The cluster's SMS budget per phone, spent before every code is sent; none: unbudgeted (test rigs).</summary>
    public RealName.Actors.Budgets.SmsBudget? SmsBudget { get; init; }
}
