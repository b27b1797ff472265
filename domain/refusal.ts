// A request the domain refuses: the message says why, the field names what is at fault. Pure, so the
// agendas can validate without a server; a workflow turns it into its rejection (contracts/rejection.ts).
export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}
