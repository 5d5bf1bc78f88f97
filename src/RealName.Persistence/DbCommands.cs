using System.Data.Common;

namespace RealName.Persistence;

/// <summary>ADO.NET commands with positional parameters <c>@p0</c>, <c>@p1</c>, … (SQLite and PostgreSQL alike).</summary>
internal static class DbCommands
{
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, params object?[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            parameter.Value = parameters[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
