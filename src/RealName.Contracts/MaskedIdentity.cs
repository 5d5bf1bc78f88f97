namespace RealName.Contracts;

/// <summary>A person's identity as answers show it: masked (<c>*三</c>, <c>110***********002X</c>).</summary>
public sealed record MaskedIdentity(string? Name, string? IdNumber, string? Phone = null, string? BankCard = null);
