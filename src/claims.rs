pub struct Claim;
