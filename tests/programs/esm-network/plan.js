/** /20 subnets carved from a /16: public ones from the bottom, private ones from the middle. */
export function subnetCidrs(vpcCidr, count) {
    const [a, b] = vpcCidr.split(".");
    const block = (index) => `${a}.${b}.${index * 16}.0/20`;
    return {
        public: Array.from({ length: count }, (_, index) => block(index)),
        private: Array.from({ length: count }, (_, index) => block(8 + index)),
    };
}
