namespace RealName.Contracts.Providers;

// The sandbox SMS gateway's and corporate payment's outboxes (admin port, sandbox only; phones and cards masked).

public sealed record SmsOutboxMessageDto(string Phone, string Text, DateTimeOffset At);

public sealed record SmsOutboxDto(IReadOnlyList<SmsOutboxMessageDto> Messages);

public sealed record PaymentOutboxMessageDto(string BankName, string AccountNumber, string Amount, string Remark, DateTimeOffset At);

public sealed record PaymentOutboxDto(IReadOnlyList<PaymentOutboxMessageDto> Payments);
