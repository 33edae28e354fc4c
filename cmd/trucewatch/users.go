package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/trucewatch/trucewatch/internal/auth"
)

// usersCmd manages the accounts that may sign in to serve and call its API.
type usersCmd struct {
	db     dbFlag
	role   string
	asJSON bool
}

func (*usersCmd) name() string { return "users" }
func (*usersCmd) synopsis() string {
	return "manage accounts: users add NAME --role ROLE | users list | users revoke NAME"
}
func (*usersCmd) usage() string {
	return "add NAME [--role viewer|analyst|admin] | list [--json] | revoke NAME"
}

func (c *usersCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	fs.StringVar(&c.role, "role", "viewer", "the new account's role: viewer (reads), analyst (also writes) or admin (also manages accounts)")
	fs.BoolVar(&c.asJSON, "json", false, "list as JSON")
}

func (c *usersCmd) run(ctx context.Context, e *env, args []string) error {
	verb, args, err := subcommand("users", "add, list or revoke", args, map[string]int{"add": 1, "list": 0, "revoke": 1})
	if err != nil {
		return err
	}
	var role auth.Role
	if verb == "add" {
		if role, err = auth.ParseRole(c.role); err != nil {
			return fmt.Errorf("%w: --role: %v", errUsage, err)
		}
		if err := auth.ValidName(args[0]); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
	}
	s, err := c.db.open(ctx, e)
	if err != nil {
		return err
	}
	defer s.Close()
	switch verb {
	case "add":
		token, err := auth.NewToken()
		if err != nil {
			return err
		}
		u, err := s.AddUser(ctx, args[0], role, auth.Hash(token))
		if err != nil {
			return err
		}
		// The token is printed once, alone on the last line, for scripts:
		// the database keeps only its hash.
		fmt.Fprintf(e.stdout, "added %s (%v). Its API token, shown only now (send it as Authorization: Bearer TOKEN, or sign in with it):\n%s\n", u.Name, u.Role, token)
	case "revoke":
		if err := s.RevokeUser(ctx, args[0]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "revoked %s: its token and sessions no longer work\n", args[0])
	case "list":
		users, err := s.Users(ctx)
		if err != nil {
			return err
		}
		if c.asJSON {
			type userJSON struct {
				Name    string     `json:"name"`
				Role    string     `json:"role"`
				Created time.Time  `json:"created"`
				Revoked *time.Time `json:"revoked,omitempty"`
			}
			out := []userJSON{}
			for _, u := range users {
				j := userJSON{Name: u.Name, Role: u.Role.String(), Created: u.Created.UTC()}
				if !u.Active() {
					r := u.Revoked.UTC()
					j.Revoked = &r
				}
				out = append(out, j)
			}
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tCREATED\tREVOKED")
		for _, u := range users {
			revoked := "-"
			if !u.Active() {
				revoked = u.Revoked.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%s\t%v\t%s\t%s\n", u.Name, u.Role, u.Created.UTC().Format(time.RFC3339), revoked)
		}
		return tw.Flush()
	}
	return nil
}

// subcommand splits a command's arguments into its verb and the verb's
// arguments, checking the verb is one of want (verb → number of
// arguments); names lists the verbs for the error.
func subcommand(cmd, names string, args []string, want map[string]int) (string, []string, error) {
	if len(args) == 0 {
		return "", nil, fmt.Errorf("%w: %s needs %s", errUsage, cmd, names)
	}
	verb, args := args[0], args[1:]
	n, ok := want[verb]
	if !ok || len(args) != n {
		return "", nil, fmt.Errorf("%w: %s %s takes %d argument(s)", errUsage, cmd, verb, n)
	}
	return verb, args, nil
}
