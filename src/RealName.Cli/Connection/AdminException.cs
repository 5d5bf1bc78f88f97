namespace RealName.Cli.Connection;

/// <summary>A failure to show the operator as one clear sentence (never a stack trace).</summary>
internal sealed class AdminException(string message) : Exception(message);
